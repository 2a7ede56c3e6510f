package io.berth.server.cli.ctl;

import java.io.Console;

/** Questions to the person at the terminal (passwords without echo); null answers when there is no terminal. */
interface Terminal {
  char[] secret(String prompt);

  String line(String prompt);

  Terminal CONSOLE = new Terminal() {
    @Override
    public char[] secret(String prompt) {
      Console c = System.console();
      return c == null ? null : c.readPassword("%s", prompt);
    }

    @Override
    public String line(String prompt) {
      Console c = System.console();
      return c == null ? null : c.readLine("%s", prompt);
    }
  };
}
