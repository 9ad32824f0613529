/**
 * BounceKit core: enhanced status codes, SMTP reply parsing, provider rule tables, causes,
 * remedies and the bounce classifier.
 */
module io.github.bouncekit {
  requires org.slf4j;

  exports io.github.bouncekit;
  exports io.github.bouncekit.status;
  exports io.github.bouncekit.reply;
  exports io.github.bouncekit.provider;
  exports io.github.bouncekit.remedy;
}
