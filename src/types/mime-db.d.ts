// mime-db ships JSON and no typings; only the fields ferroserve reads are declared.
declare module 'mime-db' {
  interface MimeEntry {
    readonly source?: string;
    readonly charset?: string;
    readonly compressible?: boolean;
    readonly extensions?: readonly string[];
  }
  const db: Readonly<Record<string, MimeEntry>>;
  export = db;
}
