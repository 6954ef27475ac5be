import { createRoot } from 'react-dom/client';
import { STAFF_NAMESPACE, type StaffChange, type StaffSnapshot } from '../../shared/contract.js';
import { setApiToken } from '../lib/api.js';
import { followHub } from '../lib/hub-client.js';
import { takeDemoReturn, takeSessionToken } from '../lib/session.js';
import { App } from './App.js';
import { useDashboard } from './store.js';
import './dashboard.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');

const token = takeSessionToken();
const demoReturn = takeDemoReturn();
if (token) {
  setApiToken(token);
  const store = useDashboard.getState();
  followHub<StaffSnapshot, StaffChange>(STAFF_NAMESPACE, { token }, {
    snapshot: store.applySnapshot,
    change: store.applyChange,
    changes: store.applyChanges,
    connection: store.setConnection,
  });
}

createRoot(rootElement).render(<App signedIn={token !== null} demoReturn={demoReturn} />);
