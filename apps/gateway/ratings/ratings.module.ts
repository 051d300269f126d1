import { Module } from '@nestjs/common';
import { ApplicationReadRepository } from '../../../libs/persistence/repositories/application-read.repository';
import { RatingRepository } from '../../../libs/persistence/repositories/rating.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({
  controllers: [RatingsController],
  providers: [RatingsService, repositoryProvider(RatingRepository), repositoryProvider(ApplicationReadRepository)],
})
export class RatingsModule {}
