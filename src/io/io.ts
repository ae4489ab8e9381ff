/** Everything a command touches of the outside world (streams, cwd, environment), so tests can run main() in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Colour diagnostics (a TTY and no NO_COLOR). */
  color: boolean;
}
