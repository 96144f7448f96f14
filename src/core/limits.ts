import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { Config } from './config';

// Report through the validation context instead of throwing, so that every transport
// answers with ordinary GRAPHQL_VALIDATION_FAILED errors.
const report = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

/** Query limits for HTTP (Apollo plugins + validation rules), rejected before execution. */
export function createArmor(config: Config) {
  const l = config.limits;
  return new ApolloArmor({
    maxDepth: { n: l.maxDepth, ...report },
    costLimit: { maxCost: l.maxCost, ...report },
    maxAliases: { n: l.maxAliases, ...report },
    maxTokens: { n: l.maxTokens },
    maxDirectives: { n: l.maxDirectives, ...report },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** The same limits for WebSocket operations, which do not pass through Apollo. */
export function wsValidationRules(config: Config): ValidationRule[] {
  const l = config.limits;
  return [
    maxDepthRule({ n: l.maxDepth, ...report }),
    costLimitRule({ maxCost: l.maxCost, ...report }),
    maxAliasesRule({ n: l.maxAliases, ...report }),
    maxDirectivesRule({ n: l.maxDirectives, ...report }),
  ] as ValidationRule[];
}
