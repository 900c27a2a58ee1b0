package io.lantern.testapps.undertow;

import io.lantern.harness.ServletAgentSuite;

/** The agent on Undertow: the servlet acceptance suite. */
class UndertowIT extends ServletAgentSuite {}
