package org.gss.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import java.io.File;

/**
 * HOCON's plain {@code include "x.conf"} silently ignores a missing file (only {@code include required(...)} fails):
 * a misspelt base file would drop its settings without a word. Experiment files are read with this includer, which
 * treats every include as required; the parse error names the missing file. Relative names resolve as usual (beside
 * the including file, then on the classpath).
 */
final class StrictIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderClasspath {
    static final StrictIncluder INSTANCE = new StrictIncluder();

    private StrictIncluder() {
    }

    /** Parse options that read includes strictly. */
    static ConfigParseOptions options() {
        return ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(INSTANCE);
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigParseable p = context.relativeTo(what);
        if (p == null) {
            return ConfigFactory.parseResourcesAnySyntax(what, strict(context)).root();
        }
        return p.parse(strict(context));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File file) {
        return ConfigFactory.parseFileAnySyntax(file, strict(context)).root();
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String resource) {
        return ConfigFactory.parseResourcesAnySyntax(resource, strict(context)).root();
    }

    private static ConfigParseOptions strict(ConfigIncludeContext context) {
        return context.parseOptions().setAllowMissing(false).setIncluder(INSTANCE);
    }
}
