import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UserManager } from 'oidc-client-ts';
import { ConfigFailed, Root } from './app/Root';
import { SILENT_PATH, loadConsoleConfig, oidcSettings } from './auth/oidc';

const container = document.getElementById('root')!;

if (window.location.pathname === SILENT_PATH) {
  // the hidden frame of a silent renewal: hand the answer to the opener, render nothing
  void loadConsoleConfig().then((config) => new UserManager(oidcSettings(config)).signinSilentCallback());
} else {
  loadConsoleConfig()
    .then((config) =>
      createRoot(container).render(
        <StrictMode>
          <Root config={config} />
        </StrictMode>,
      ),
    )
    .catch(() => createRoot(container).render(<ConfigFailed />));
}
