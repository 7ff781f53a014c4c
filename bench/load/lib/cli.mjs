// What the benchmark scripts share as command-line programs: flag validation, and the frame
// of usage errors (exit 2), --help (exit 0), a failure as one line (exit 1).

export const log = (line) => process.stderr.write(`${line}\n`);

export function positiveInteger(name, text, { allowZero = false } = {}) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got "${text}"`);
  }
  return value;
}

export function list(name, text, allowed) {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length > 0 || items.length === 0) {
    throw new Error(`--${name}: unknown ${unknown.join(', ') || '(empty list)'}; choose from ${allowed.join(', ')}`);
  }
  // Keep the canonical order whatever order the user typed, so rounds alternate A B C.
  return allowed.filter((item) => items.includes(item));
}

/**
 * Runs `body(options)` as the program `name` and exits with the code it resolves to.
 * `readOptions(argv)` throws on bad flags and returns `{ help: true, ... }` for --help.
 */
export function runMain(name, { usage, readOptions, body }) {
  const main = async (argv) => {
    let options;
    try {
      options = readOptions(argv);
    } catch (error) {
      log(`${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (options.help) {
      console.log(usage);
      return 0;
    }
    return body(options, argv);
  };
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      log(`${name}: ${error.message}`);
      process.exit(1);
    },
  );
}
