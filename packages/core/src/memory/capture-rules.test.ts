import { describe, expect, it } from 'vitest';
import { classifyMemory, extractCandidates } from './capture-rules';
import { extendSummary, renderSummary } from './session-summary';

describe('extractCandidates', () => {
  it.each([
    ['My name is Ada Lovelace.', { type: 'profile', slot: 'name', content: "The user's name is Ada Lovelace." }],
    ['call me Grace, please', { type: 'profile', slot: 'name', content: "The user's name is Grace." }],
    ['I live in São Paulo', { type: 'profile', slot: 'location', content: 'The user lives in São Paulo.' }],
    [
      'I work as a nurse at night',
      { type: 'profile', slot: 'occupation', content: 'The user works as a nurse at night.' },
    ],
    ['I work at Acme Corp.', { type: 'profile', slot: 'employer', content: 'The user works at Acme Corp.' }],
    ["I'm 42 years old.", { type: 'profile', slot: 'age', content: 'The user is 42 years old.' }],
    [
      'My favourite colour is teal.',
      { type: 'profile', slot: 'favorite colour', content: "The user's favorite colour is teal." },
    ],
    ['I prefer answers in bullet points.', { type: 'profile', content: 'The user prefers answers in bullet points.' }],
    ["I don't like long emails.", { type: 'profile', content: 'The user dislikes long emails.' }],
    ['Remember that my dentist is Dr. Kim.', { type: 'fact', content: "The user's dentist is Dr. Kim." }],
    ['Please remember that I parked on level 3.', { type: 'fact', content: 'The user parked on level 3.' }],
  ])('%s', (message, expected) => {
    expect(extractCandidates(message)).toEqual([expected]);
  });

  it('finds several statements in one message and none in questions or small talk', () => {
    expect(
      extractCandidates('My name is Ada and I live in London. I prefer tea.').map((candidate) => candidate.content),
    ).toEqual(["The user's name is Ada.", 'The user lives in London.', 'The user prefers tea.']);
    expect(extractCandidates('What is my name? Do you remember that film?')).toEqual([]);
    expect(extractCandidates('Summarise the attached report for me.')).toEqual([]);
    expect(extractCandidates('I like this answer. I prefer the first one. I love how you put it.')).toEqual([]);
  });
});

describe('classifyMemory', () => {
  it('types what a model extracted', () => {
    expect(classifyMemory("User's name is Grace Hopper")).toEqual({ type: 'profile', slot: 'name' });
    expect(classifyMemory('User lives in Lisbon')).toEqual({ type: 'profile', slot: 'location' });
    expect(classifyMemory('Prefers concise answers')).toEqual({ type: 'profile' });
    expect(classifyMemory('The Q3 report is due on Friday')).toEqual({ type: 'fact' });
    expect(classifyMemory("User's dog is named Rex")).toEqual({ type: 'fact' });
    expect(classifyMemory('Name is Grace Hopper')).toEqual({ type: 'profile', slot: 'name' });
    expect(classifyMemory('The team likes pizza on Fridays')).toEqual({ type: 'fact' });
  });
});

describe('session summary', () => {
  it('counts turns and keeps the opening topic and the latest ones', () => {
    let summary = extendSummary(undefined, 'Help me plan a garden. It is small.');
    for (let i = 0; i < 20; i += 1) summary = extendSummary(summary, `Question ${i}`);
    expect(summary.turns).toBe(21);
    expect(summary.topics).toHaveLength(12);
    expect(summary.topics[0]).toBe('Help me plan a garden');
    expect(summary.topics.at(-1)).toBe('Question 19');
    expect(renderSummary(summary)).toMatch(/^A chat of 21 turns about: Help me plan a garden; Question 9; /);
  });

  it('never writes an id into the summary text', () => {
    const summary = extendSummary(undefined, 'Why did execution 3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b fail?');
    expect(renderSummary(summary)).toBe('A chat of 1 turn about: Why did execution … fail?');
  });
});
