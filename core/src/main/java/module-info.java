/**
 * BounceKit core: enhanced status codes, SMTP reply parsing, provider rule tables, causes,
 * remedies, the bounce classifier and bounce e-mail reading.
 */
module io.github.bouncekit {
  requires org.slf4j;
  // Apache Mime4j core publishes no module name; this is the name derived from its jar.
  requires apache.mime4j.core;

  exports io.github.bouncekit;
  exports io.github.bouncekit.status;
  exports io.github.bouncekit.reply;
  exports io.github.bouncekit.provider;
  exports io.github.bouncekit.remedy;
  exports io.github.bouncekit.bounce;
}
