import { Injectable } from '@nestjs/common';
import { DepartmentRepository } from '../../../libs/persistence/repositories/department.repository';
import type { DepartmentDto } from './departments.dto';

@Injectable()
export class DepartmentsService {
  constructor(private readonly departments: DepartmentRepository) {}

  async list(): Promise<DepartmentDto[]> {
    const rows = await this.departments.list();
    return rows.map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn }));
  }
}
