import type { DataSource } from 'typeorm';
import { DepartmentEntity } from '../entities';

export class DepartmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<DepartmentEntity[]> {
    return this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
  }
}
