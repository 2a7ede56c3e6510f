package io.berth.core.session;

import io.berth.core.EventLoopRef;
import io.berth.core.Message;

/** A Will Message waiting for its Will Delay Interval to pass (MQTT 3.1.3.2.2). */
final class WillTimer {
  final Message will;
  EventLoopRef.Cancellable timer;

  WillTimer(Message will) {
    this.will = will;
  }
}
