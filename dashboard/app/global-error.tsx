'use client';
// The last resort when even the root layout fails: a plain page with a way to try again.

export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          display: 'grid',
          placeItems: 'center',
          minHeight: '100vh',
          margin: 0,
          background: '#fafafa',
        }}
      >
        <main style={{ maxWidth: 420, textAlign: 'center', padding: 16 }}>
          <h1 style={{ fontSize: 18 }}>Turnpike could not load this page</h1>
          <p style={{ color: '#52525b', fontSize: 14 }}>
            Something failed on the server. If MongoDB or Redis was restarting, trying again usually
            helps.
          </p>
          <button
            type="button"
            onClick={reset}
            style={{
              marginTop: 12,
              padding: '8px 14px',
              borderRadius: 6,
              border: '1px solid #d4d4d8',
              background: 'white',
              cursor: 'pointer',
            }}
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
