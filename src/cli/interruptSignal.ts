/**
 * Ctrl-C for `split`: the first SIGINT (or SIGTERM) aborts the returned signal, so the file in
 * flight stops (its worker thread is terminated) and its scratch folder is removed before the
 * command exits with 128 + the signal's number (130, 143), as shells expect; a second one exits
 * at once, for a user who will not wait for the clean-up.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

type HandledSignal = keyof typeof EXIT_CODES;

export interface Interrupt {
  signal: AbortSignal;
  /** 130 / 143 once a signal came, else null. */
  exitCode(): number | null;
  /** Gives the signals back to Node's defaults. */
  dispose(): void;
}

export function listenForInterrupt(stream: NodeJS.WritableStream = process.stderr): Interrupt {
  const controller = new AbortController();
  let received: HandledSignal | null = null;
  const onSignal = (name: HandledSignal): void => {
    if (received) process.exit(EXIT_CODES[received]);
    received = name;
    stream.write(`\n${name}: stopping and removing this run's scratch files (press Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  for (const name of Object.keys(EXIT_CODES) as HandledSignal[]) process.on(name, onSignal);
  return {
    signal: controller.signal,
    exitCode: () => (received ? EXIT_CODES[received] : null),
    dispose: () => {
      for (const name of Object.keys(EXIT_CODES) as HandledSignal[]) process.off(name, onSignal);
    },
  };
}
