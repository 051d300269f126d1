import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare, hash } from 'bcryptjs';
import type { Config } from '../../../libs/config';
import type { AccountEntity } from '../../../libs/persistence/entities';
import { AccountRepository } from '../../../libs/persistence/repositories/account.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import type { LoginResponseDto, UserDto } from './auth.dto';
import { AuthErrors } from './auth.errors';
import type { Identity, TokenClaims } from './auth.types';

@Injectable()
export class AuthService {
  /**
   * Compared against when the username is unknown, so that answering "no such user" takes as long
   * as a wrong password and response times do not reveal which usernames exist.
   */
  private readonly decoyHash: Promise<string> = hash('decoy password, never matches', 10);

  constructor(
    private readonly accounts: AccountRepository,
    private readonly jwt: JwtService,
    @Inject(GATEWAY_CONFIG) private readonly config: Config,
  ) {}

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const account = await this.accounts.findByUsername(username);
    const passwordMatches = await compare(password, account?.passwordHash ?? (await this.decoyHash));
    if (!account || !passwordMatches || !account.active) throw AuthErrors.invalidCredentials();

    const claims: TokenClaims = {
      sub: account.id,
      username: account.username,
      role: account.role,
      ...(account.departmentCode ? { departmentCode: account.departmentCode } : {}),
      ...(account.enterpriseId ? { enterpriseId: account.enterpriseId } : {}),
      ...(account.staffGroups.length > 0 ? { staffGroups: account.staffGroups } : {}),
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.auth.tokenTtlSeconds,
      user: toUserDto(account),
    };
  }

  /** The caller's account as it is now; a deactivated or deleted account is no longer signed in. */
  async me(identity: Identity): Promise<UserDto> {
    const account = await this.accounts.findById(identity.userId);
    if (!account || !account.active) throw AuthErrors.unauthenticated('The account no longer exists or is inactive');
    return toUserDto(account);
  }
}

function toUserDto(account: AccountEntity): UserDto {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    ...(account.departmentCode ? { departmentCode: account.departmentCode } : {}),
    ...(account.enterpriseId ? { enterpriseId: account.enterpriseId } : {}),
  };
}
