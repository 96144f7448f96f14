import { createGraphiQLFetcher, type Storage } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import React, { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './explorer.css';
import { EXAMPLES } from './examples';
// The SDL of the server's schema, put in at bundle time: no introspection, which production turns off.
import sdl from 'onward:schema';

const TOKEN_KEY = 'onward.token';
const endpoint = new URL('/graphql', window.location.href);
const wsEndpoint = endpoint.href.replace(/^http/, 'ws');
const schema = buildSchema(sdl);

/**
 * GraphiQL keeps its settings in localStorage; the tabs and editors it would restore are
 * kept for this page's life only, so every visit opens on the examples, once each.
 */
const EPHEMERAL = /^graphiql:(tabState|query|variables|headers|operationName)$/;
const memory = new Map<string, string>();
const storage: Storage = {
  getItem: (key) => (EPHEMERAL.test(key) ? (memory.get(key) ?? null) : localStorage.getItem(key)),
  setItem: (key, value) => (EPHEMERAL.test(key) ? void memory.set(key, value) : localStorage.setItem(key, value)),
  removeItem: (key) => (EPHEMERAL.test(key) ? void memory.delete(key) : localStorage.removeItem(key)),
  clear: () => {
    memory.clear();
    localStorage.clear();
  },
  get length() {
    return memory.size + localStorage.length;
  },
};

function LogIn(props: { token: string | null; onToken: (t: string | null) => void }) {
  const [email, setEmail] = useState('coordinator@onward.example');
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<string>(props.token ? 'Signed in.' : 'Not signed in.');

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStatus('Signing in…');
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation LogIn($i: LogInInput!) { logIn(input: $i) { token viewer { displayName role } } }',
        variables: { i: { email, password } },
      }),
    });
    const body = await res.json();
    if (body.data?.logIn) {
      props.onToken(body.data.logIn.token);
      setStatus(`Signed in as ${body.data.logIn.viewer.displayName} (${body.data.logIn.viewer.role}).`);
    } else {
      setStatus(body.errors?.[0]?.message ?? 'Could not sign in.');
    }
  }

  return (
    <form className="onward-login" onSubmit={submit} aria-label="Sign in">
      <strong>Onward explorer</strong>
      <input aria-label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <input
        aria-label="Password"
        type="password"
        placeholder="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit">Sign in</button>
      {props.token && (
        <button
          type="button"
          onClick={() => {
            props.onToken(null);
            setStatus('Signed out.');
          }}
        >
          Sign out
        </button>
      )}
      <span role="status" className="onward-status">
        {status}
      </span>
    </form>
  );
}

function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const onToken = (t: string | null) => {
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(t);
  };
  // A new fetcher per token (HTTP gets the header, WebSocket gets connectionParams); GraphiQL
  // stays mounted, so signing in keeps the tabs as they are.
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: endpoint.href,
        subscriptionUrl: wsEndpoint,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        wsConnectionParams: token ? { authorization: `Bearer ${token}` } : {},
      }),
    [token],
  );
  return (
    <div className="onward-app">
      <LogIn token={token} onToken={onToken} />
      <div className="onward-graphiql">
        <GraphiQL
          fetcher={fetcher}
          schema={schema}
          storage={storage}
          defaultTabs={EXAMPLES.map((e) => ({ query: e.query, variables: e.variables }))}
          defaultEditorToolsVisibility={false}
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
