// POST /api/auth/login: {email, password} -> {token}, and the session cookie for the UI.
import { TurnpikeError } from '@turnpike/common';
import { NextResponse } from 'next/server';
import { hasSameOrigin } from '@/lib/auth/csrf';
import { login } from '@/lib/auth/login';
import { isHttps, sessionCookie } from '@/lib/auth/session-token';
import { clientIp } from '@/lib/client-ip';
import { errorResponse, readJson } from '@/lib/http';

export async function POST(request: Request): Promise<Response> {
  try {
    // A browser posting from another site must not sign its visitor into this dashboard.
    if (request.headers.has('origin') && !hasSameOrigin(request)) {
      throw new TurnpikeError('admin.forbidden', [
        { path: '(origin)', message: 'cross-site request refused' },
      ]);
    }
    const { token, user } = await login(await readJson(request), clientIp(request));
    const response = NextResponse.json(
      { token, user },
      { headers: { 'Cache-Control': 'no-store' } },
    );
    response.cookies.set(sessionCookie(token, isHttps(request)));
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
