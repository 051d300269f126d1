import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import { AccountRepository } from '../../../libs/persistence/repositories/account.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';

/**
 * Whether an account may still act. Tokens are stateless, so without this a deactivated account
 * would keep working until its token expires; the answer is cached briefly so the check costs
 * one query per account per `accountCheckSeconds`, not one per request.
 */
@Injectable()
export class AccountStatusCache {
  private readonly known = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly accounts: AccountRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: Config,
  ) {}

  async isActive(accountId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.known.get(accountId);
    if (cached && cached.until > now) return cached.active;
    const account = await this.accounts.findById(accountId);
    const active = account?.active === true;
    this.known.set(accountId, { active, until: now + this.config.auth.accountCheckSeconds * 1000 });
    return active;
  }
}
