import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { translator, type Lang } from '../i18n/i18n';

/** A page that throws shows a sentence and a way out, never a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; lang: Lang }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.error(error);
  }

  render() {
    if (!this.state.failed) return this.props.children;
    const t = translator(this.props.lang);
    return (
      <Result
        status="error"
        title={t('somethingWrong')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
}
