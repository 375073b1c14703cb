/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.core.tool;

import java.util.Iterator;
import java.util.ServiceLoader;

/** The schema compiler on the class path, looked up once. */
final class SchemaCompilers {
  private SchemaCompilers() {}

  private static final class Holder {
    static final ToolSchema.Compiler INSTALLED = find();
  }

  static ToolSchema.Compiler installed() {
    return Holder.INSTALLED;
  }

  private static ToolSchema.Compiler find() {
    Iterator<ToolSchema.Compiler> found =
        ServiceLoader.load(ToolSchema.Compiler.class, ToolSchema.class.getClassLoader()).iterator();
    return found.hasNext() ? found.next() : SubsetSchema::compile;
  }
}
