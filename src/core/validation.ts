import { getMetadataStorage, validate, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { BadInputError } from './errors';
import { ConnectionArgs, MAX_PAGE_SIZE } from './pagination';

// What type-graphql's own validation would use.
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const declaresRules = new Map<Function, boolean>();

/** Whether class-validator has anything to check on instances of this class (asked once per class). */
function hasRules(type: Function): boolean {
  let known = declaresRules.get(type);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
    declaresRules.set(type, known);
  }
  return known;
}

/**
 * Argument validation for type-graphql: class-validator runs only for the argument classes
 * that declare rules (mutation inputs). Page arguments, read on every list of every page
 * (fifty nested lists in one meetings page), are checked here with a comparison instead.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) await validateArgument(item);
    return;
  }
  if (value instanceof ConnectionArgs) {
    const first = value.first;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw new BadInputError('first', `Ask for 1 to ${MAX_PAGE_SIZE} items at a time.`);
  }
  if (!hasRules(value.constructor)) return;
  const errors = await validate(value, OPTIONS);
  if (errors.length) throw new ArgumentValidationError(errors);
}
