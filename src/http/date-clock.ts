/**
 * The `Date` header value (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once per second.
 * `stamp()` changes whenever the value does, so that caches of preformatted responses that
 * include it know when to rebuild.
 */
export class DateClock {
  private second = -1;
  private value = '';
  private version = 0;

  /** A number that changes when the formatted date changes; refreshes the value if needed. */
  stamp(): number {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.value = new Date(second * 1000).toUTCString();
      this.version++;
    }
    return this.version;
  }

  /** The current IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
  current(): string {
    this.stamp();
    return this.value;
  }
}
