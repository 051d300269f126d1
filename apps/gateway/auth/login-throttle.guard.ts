import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Slows password guessing: sign-in attempts are counted per client address and username, so one
 * office behind a shared address does not lock its colleagues out. Counts live in the gateway's
 * memory, so with several gateways each keeps its own count.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
    return Promise.resolve(`${String(request.ip)}:${username}`);
  }
}
