import type { CSSProperties } from 'react';

/** Read by screen readers, not drawn (a heading the cards make obvious on screen, a name that tells two buttons apart). */
export const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
