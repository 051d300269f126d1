import { Module } from '@nestjs/common';
import { DepartmentRepository } from '../../../libs/persistence/repositories/department.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

@Module({
  controllers: [DepartmentsController],
  providers: [DepartmentsService, repositoryProvider(DepartmentRepository)],
})
export class DepartmentsModule {}
