import { Module } from '@nestjs/common';
import { ComplianceRepository } from '../../../libs/persistence/repositories/compliance.repository';
import { TaskQueueRepository } from '../../../libs/persistence/repositories/task-queue.repository';
import { ApplicationsModule } from '../applications/applications.module';
import { repositoryProvider } from '../infrastructure/database.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ApplicationsModule],
  controllers: [TasksController],
  providers: [TasksService, repositoryProvider(TaskQueueRepository), repositoryProvider(ComplianceRepository)],
})
export class TasksModule {}
