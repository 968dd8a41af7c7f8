import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { NoConnection } from './app/NoConnection.js';
import { createWalletClient } from './api/client.js';
import { NoTransportError, pickTransport } from './api/transport.js';

const root = createRoot(document.getElementById('root')!);
try {
  const client = createWalletClient(pickTransport());
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
} catch (e) {
  if (!(e instanceof NoTransportError)) throw e;
  root.render(<NoConnection />);
}
