{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pysenbelvin, pynuwarab }:

buildPythonPackage rec {
  pname = "pynuzesol";
  version = "5.12.10";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "f64fdf3233372680c8a327a916cf988a10feee03ba313aea1feb856c9b1a8a45";
  };

  propagatedBuildInputs = [ pysenbelvin pynuwarab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pynuzesol library, generated";
    homepage = "https://example.org/projects/pynuzesol";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
