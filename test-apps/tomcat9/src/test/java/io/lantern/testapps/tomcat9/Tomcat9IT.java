package io.lantern.testapps.tomcat9;

import io.lantern.harness.ServletAgentSuite;

/** The agent on Tomcat9: the servlet acceptance suite. */
class Tomcat9IT extends ServletAgentSuite {}
