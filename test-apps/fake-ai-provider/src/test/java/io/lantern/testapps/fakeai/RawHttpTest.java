package io.lantern.testapps.fakeai;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The base of the tests that talk raw HTTP to {@link FakeAiProviderTest}'s provider: started once per class, reset before each test. */
abstract class RawHttpTest {
  @BeforeAll
  static void start() throws Exception {
    FakeAiProviderTest.start();
  }

  @AfterAll
  static void stop() {
    FakeAiProviderTest.stop();
  }

  @BeforeEach
  void reset() {
    FakeAiProviderTest.provider.reset();
  }
}
