#!/usr/bin/env node
// Entry point of `npx server` / `npx ferroserve`: the compiled CLI lives in dist/.
import '../dist/cli.js';
