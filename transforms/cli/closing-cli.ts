/**
 * What `npm run close` and `npm run export-payroll` share: reading the arguments (a bad option prints the usage and
 * exits 2, --help prints it and exits 0) and the exit status of an error — 3 when the closed store is damaged or
 * edited (ClosedStoreError names the file), 1 when the command refused (its own error class) or failed.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ClosedStoreError } from '../closing/store.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<T extends Options> = ReturnType<typeof parseArgs<{ options: T }>>['values'];

/** A usage error: the message and the usage are printed, the exit status is 2. */
export class UsageError extends Error {}

/** parseArgs with `--help`; a bad option is a UsageError carrying the usage. Undefined when help was asked for. */
export function readArgs<const T extends Options>(options: T, help: string): Values<T> | undefined {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${help}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(help);
    return undefined;
  }
  return parsed.values as unknown as Values<T>;
}

/** Runs `main` and exits with its status, or with the status its error stands for. */
export function runClosingCli(command: string, refused: new (...args: never[]) => Error, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof UsageError) {
        console.error(message);
        process.exit(2);
      }
      if (err instanceof ClosedStoreError) {
        console.error(`✘ ${command} stopped: ${message}`);
        process.exit(3);
      }
      console.error(`✘ ${command} ${err instanceof refused ? 'refused' : 'failed'}: ${message}`);
      if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
      process.exit(1);
    },
  );
}
