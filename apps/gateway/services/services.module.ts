import { Module } from '@nestjs/common';
import { ServiceCatalogRepository } from '../../../libs/persistence/repositories/service-catalog.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ServicesController } from './services.controller';
import { ServicesService } from './services.service';

@Module({
  controllers: [ServicesController],
  providers: [ServicesService, repositoryProvider(ServiceCatalogRepository)],
})
export class ServicesModule {}
