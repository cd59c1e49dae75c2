// POST /api/auth/logout: clears the session cookie.
import { TurnpikeError } from '@turnpike/common';
import { NextResponse } from 'next/server';
import { hasSameOrigin } from '@/lib/auth/csrf';
import { isHttps, sessionCookie } from '@/lib/auth/session-token';
import { errorResponse } from '@/lib/http';

export async function POST(request: Request): Promise<Response> {
  if (
    request.headers.has('cookie') &&
    !request.headers.has('authorization') &&
    !hasSameOrigin(request)
  ) {
    return errorResponse(new TurnpikeError('admin.forbidden'));
  }
  const response = new NextResponse(null, { status: 204 });
  response.cookies.set(sessionCookie('', isHttps(request), 0));
  return response;
}
