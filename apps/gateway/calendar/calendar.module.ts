import { Module } from '@nestjs/common';
import { CalendarRepository } from '../../../libs/persistence/repositories/calendar.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  controllers: [CalendarController],
  providers: [CalendarService, repositoryProvider(CalendarRepository)],
})
export class CalendarModule {}
