import { create } from 'qrcode';

/** A horizontal run of dark modules in a QR symbol: drawn as one rectangle. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

/** The QR symbol of `text` (error correction M) as runs of dark modules, row by row; `size` modules a side, no quiet zone. */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  const runs: QrRun[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size, runs };
}
