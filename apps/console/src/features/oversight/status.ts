/** A finding's status colour (text on it at WCAG AA contrast): open red, resolved the brand green. */
export const statusColour = (status: string) => (status === 'OPEN' ? '#a8071a' : '#0f6e56');
