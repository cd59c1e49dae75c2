// A key's status as a badge.
import { keyStatus } from '@/lib/keys/key-status';
import { Badge } from './ui/badge';

export function KeyStatusBadge({
  keyInfo,
}: {
  keyInfo: { active: boolean; expiresAt: string | null };
}) {
  const status = keyStatus(keyInfo);
  if (status === 'active')
    return (
      <Badge tone="green" dot>
        Active
      </Badge>
    );
  if (status === 'expired')
    return (
      <Badge tone="amber" dot>
        Expired
      </Badge>
    );
  return <Badge dot>Inactive</Badge>;
}
