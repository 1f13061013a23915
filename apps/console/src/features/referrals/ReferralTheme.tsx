/**
 * The referral screens' reds: antd's error red (#ff4d4f) is below WCAG AA for text on white and for
 * white on it (3.3:1); danger buttons, ended steps and refusals here use #a8071a (7.6:1). The rest of
 * the console's theme is inherited.
 */
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';

const THEME = { token: { colorError: '#a8071a', colorErrorHover: '#c41d2f', colorErrorActive: '#820014' } };

export function ReferralTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={THEME}>{children}</ConfigProvider>;
}
