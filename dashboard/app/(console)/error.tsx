'use client';
// Shown when a console page fails unexpectedly: what happened, and a way to try again.
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="space-y-4">
      <Notice tone="error" title="This page could not be loaded">
        Something went wrong on the server. If MongoDB or Redis was restarting, trying again usually
        helps.
        {error.digest ? (
          <span className="mt-1 block font-mono text-xs opacity-70">Reference: {error.digest}</span>
        ) : null}
      </Notice>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
