import { Module } from '@nestjs/common';
import { ServiceCatalogRepository } from '../../../libs/persistence/repositories/service-catalog.repository';
import { ServiceConfigurationRepository } from '../../../libs/persistence/repositories/service-configuration.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ServicesController } from './services.controller';
import { ServiceCatalogService } from './services.catalog.service';
import { ServiceDraftsService } from './services.drafts.service';

@Module({
  controllers: [ServicesController],
  providers: [
    ServiceCatalogService,
    ServiceDraftsService,
    repositoryProvider(ServiceCatalogRepository),
    repositoryProvider(ServiceConfigurationRepository),
  ],
})
export class ServicesModule {}
