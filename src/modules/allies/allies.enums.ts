import { registerEnumType } from 'type-graphql';

/** Where an ally stands: invited, or joined with the code. */
export enum AllyStatus {
  INVITED = 'INVITED',
  JOINED = 'JOINED',
}
registerEnumType(AllyStatus, {
  name: 'AllyStatus',
  description: 'Where an ally stands.',
  valuesConfig: {
    INVITED: { description: 'Invited; the code has not been used yet.' },
    JOINED: { description: 'Signed up with the code: sees what you share with allies.' },
  },
});
