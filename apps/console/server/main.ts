/** npm run console:serve — the console server on its own (CONSOLE_PORT, default 8080), until Ctrl-C. */
import { startConsoleServer } from './console-server';

startConsoleServer({ log: (line) => process.stderr.write(`[console] ${line}\n`) })
  .then((running) => {
    process.stderr.write(`[console] ready on ${running.url}\n`);
    const stop = () => void running.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err: Error) => {
    process.stderr.write(`[console] ${err.message}\n`);
    process.exit(1);
  });
