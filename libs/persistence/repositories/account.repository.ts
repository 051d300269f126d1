import type { DataSource } from 'typeorm';
import { AccountEntity } from '../entities';

/** Accounts for sign-in and identity look-ups. */
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<AccountEntity | null> {
    // Resolved per call: entity metadata only exists once the DataSource is initialized.
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { username } });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { id } });
  }
}
