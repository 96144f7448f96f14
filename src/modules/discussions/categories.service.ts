import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '../../core/db';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { Category } from './category.entity';
import { cleanText, slugify } from './discussions.text';

/** The boards' categories: listed to members, created and renamed by coordinators. */
export class CategoriesService {
  constructor(private readonly ds: DataSource) {}

  list(): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Category[]> {
    return this.ds.getRepository(Category).find({ where: { id: In([...ids]) } });
  }

  async create(input: { name: string; slug?: string | null }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    const slug = input.slug != null ? input.slug.trim().toLowerCase() : slugify(name);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 60) {
      throw new BadInputError('slug', 'Use lower-case letters, digits and dashes.');
    }
    try {
      const repo = this.ds.getRepository(Category);
      return { category: await repo.save(repo.create({ name, slug })) };
    } catch (err) {
      if (isUniqueViolation(err, 'uq_categories_slug'))
        throw new ConflictError('A category with this slug exists.', { field: 'slug' });
      throw err;
    }
  }

  async rename(input: { categoryId: string; name: string }): Promise<{ category: Category }> {
    const name = cleanText(input.name, 'name', 60).replace(/\s+/g, ' ');
    const repo = this.ds.getRepository(Category);
    const category = isUuid(input.categoryId) ? await repo.findOne({ where: { id: input.categoryId } }) : null;
    if (!category) throw new NotFoundError('Category');
    await repo.update(category.id, { name });
    return { category: { ...category, name } };
  }
}
