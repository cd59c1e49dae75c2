// Next.js start hook: the dashboard's one-time start-up work, in the Node.js runtime only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startDashboard } = await import('./lib/startup');
  await startDashboard();
}
