import { Injectable } from '@nestjs/common';
import {
  OpinionTemplateRepository,
  type OpinionTemplateRecord,
} from '../../../libs/persistence/repositories/opinion-template.repository';
import { departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import type { OpinionTemplateDto } from './opinion-templates.dto';
import { OpinionTemplatesErrors } from './opinion-templates.errors';

@Injectable()
export class OpinionTemplatesService {
  constructor(private readonly templates: OpinionTemplateRepository) {}

  async list(identity: Identity): Promise<OpinionTemplateDto[]> {
    return (await this.templates.list(departmentOf(identity))).map(toDto);
  }

  async add(identity: Identity, text: string): Promise<OpinionTemplateDto> {
    const phrase = text.trim();
    const added = await this.templates.add(departmentOf(identity), phrase, identity.username);
    if (!added) throw OpinionTemplatesErrors.duplicate(phrase);
    return toDto(added);
  }

  /** New words in the same place of the list: editing a phrase does not move it to the end. */
  async update(identity: Identity, id: string, text: string): Promise<OpinionTemplateDto> {
    const template = await this.ownTemplate(identity, id);
    const phrase = text.trim();
    const updated = await this.templates.update(id, template.departmentCode, phrase);
    if (updated === 'duplicate') throw OpinionTemplatesErrors.duplicate(phrase);
    if (!updated) throw OpinionTemplatesErrors.notFound(id);
    return toDto(updated);
  }

  async remove(identity: Identity, id: string): Promise<void> {
    const template = await this.ownTemplate(identity, id);
    if (!(await this.templates.remove(id, template.departmentCode))) throw OpinionTemplatesErrors.notFound(id);
  }

  /** Changing: a phrase of another department is refused as out of scope (403). */
  private async ownTemplate(identity: Identity, id: string): Promise<OpinionTemplateRecord> {
    const template = await this.templates.findById(id);
    if (!template) throw OpinionTemplatesErrors.notFound(id);
    if (template.departmentCode !== departmentOf(identity)) throw OpinionTemplatesErrors.outOfScope(id);
    return template;
  }
}

function toDto(template: OpinionTemplateRecord): OpinionTemplateDto {
  return {
    id: template.id,
    departmentCode: template.departmentCode,
    text: template.text,
    createdBy: template.createdBy,
    createdAt: template.createdAt,
  };
}
