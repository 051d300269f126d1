import { Module } from '@nestjs/common';
import { ServiceCatalogRepository } from '../../../libs/persistence/repositories/service-catalog.repository';
import { ServiceConfigurationRepository } from '../../../libs/persistence/repositories/service-configuration.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ServicesController } from './services.controller';
import { ServicesService } from './services.service';

@Module({
  controllers: [ServicesController],
  providers: [
    ServicesService,
    repositoryProvider(ServiceCatalogRepository),
    repositoryProvider(ServiceConfigurationRepository),
  ],
})
export class ServicesModule {}
