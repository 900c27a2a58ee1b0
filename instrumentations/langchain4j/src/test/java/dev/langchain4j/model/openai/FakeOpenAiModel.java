package dev.langchain4j.model.openai;

import dev.langchain4j.model.chat.ChatModel;

/** A model class in the OpenAI module's package that leaves provider() at its default (OTHER). */
public final class FakeOpenAiModel implements ChatModel {}
