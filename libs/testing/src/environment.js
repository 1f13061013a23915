/**
 * The integration tests' jest environment: a test file whose docblock says `@own-topics <name>` gets
 * topics of its own (KAFKA_TOPIC_PREFIX extended before its modules load, so the services' consumers,
 * which name their topics when their classes are defined, subscribe to them too). Its events then
 * reach no other suite's services, and no other suite's reach it.
 */
const { TestEnvironment } = require('jest-environment-node');

class YiyangEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const own = context.docblockPragmas['own-topics'];
    if (own && /^[a-z0-9-]+$/.test(String(own))) {
      this.global.process.env.KAFKA_TOPIC_PREFIX = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${own}.`;
    }
  }
}

module.exports = YiyangEnvironment;
