import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ValidationRule } from 'graphql';
import type { Config } from './config';

/** Query limits for HTTP (Apollo plugins + validation rules), rejected before execution. */
export function createArmor(config: Config) {
  const l = config.limits;
  return new ApolloArmor({
    maxDepth: { n: l.maxDepth },
    costLimit: { maxCost: l.maxCost },
    maxAliases: { n: l.maxAliases },
    maxTokens: { n: l.maxTokens },
    maxDirectives: { n: l.maxDirectives },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** The same limits for WebSocket operations, which do not pass through Apollo. */
export function wsValidationRules(config: Config): ValidationRule[] {
  const l = config.limits;
  return [
    maxDepthRule({ n: l.maxDepth }),
    costLimitRule({ maxCost: l.maxCost }),
    maxAliasesRule({ n: l.maxAliases }),
    maxDirectivesRule({ n: l.maxDirectives }),
  ] as ValidationRule[];
}
