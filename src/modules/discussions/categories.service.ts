import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { Transactor } from '../../core/outbox';
import { ModerationLogAction, ModerationTarget } from '../audit/audit.enums';
import { NO_REASON, type AuditLog } from '../audit/audit.service';
import { Category } from './category.entity';
import { cleanText, slugify } from './discussions.text';

/** The boards' categories: listed to members, created and renamed by coordinators (each in the log). */
export class CategoriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ where: { id: In([...ids]) } });
  }

  async create(actor: AuthUser, input: { name: string; slug?: string | null }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    const slug = input.slug != null ? input.slug.trim().toLowerCase() : slugify(name);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 60) {
      throw new BadInputError('slug', 'Use lower-case letters, digits and dashes.');
    }
    try {
      const category = await this.tx.run(async (tx) => {
        const repo = tx.em.getRepository(Category);
        const saved = await repo.save(repo.create({ name, slug }));
        await this.audit.append(tx, {
          actorId: actor.id,
          action: ModerationLogAction.CATEGORY_CREATE,
          targetType: ModerationTarget.CATEGORY,
          targetId: saved.id,
          reason: NO_REASON,
          detail: `"${name}" (${slug})`,
        });
        return saved;
      });
      return { category };
    } catch (err) {
      if (isUniqueViolation(err, 'uq_categories_slug'))
        throw new ConflictError('A category with this slug exists.', { field: 'slug' });
      throw err;
    }
  }

  async rename(actor: AuthUser, input: { categoryId: string; name: string }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    if (!isUuid(input.categoryId)) throw new NotFoundError('Category');
    return this.tx.run(async (tx) => {
      const repo = tx.em.getRepository(Category);
      const category = await repo
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id: input.categoryId })
        .getOne();
      if (!category) throw new NotFoundError('Category');
      await repo.update(category.id, { name });
      await this.audit.append(tx, {
        actorId: actor.id,
        action: ModerationLogAction.CATEGORY_RENAME,
        targetType: ModerationTarget.CATEGORY,
        targetId: category.id,
        reason: NO_REASON,
        detail: `from "${category.name}"`,
      });
      return { category: Object.assign(category, { name }) };
    });
  }
}
